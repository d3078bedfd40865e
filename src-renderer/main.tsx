import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { LangProvider } from './i18n.tsx';
import { DayStyleProvider } from './dayStyle.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <DayStyleProvider>
        <App />
      </DayStyleProvider>
    </LangProvider>
  </StrictMode>,
);
