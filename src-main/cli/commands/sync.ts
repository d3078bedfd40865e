// recon sync: progress on stderr, a JSON summary on stdout. Exit 0 when every chunk came back, 1 when
// some failed (the good ones are kept; run it again to fetch the rest).
import { type Command, requireString, said } from '../command.ts';
import { withApp } from '../app.ts';
import { getProfile } from '../../core/services/profiles.ts';
import { syncProfile, validateSyncRange } from '../../core/services/sync.ts';

export const syncCommand: Command = {
  path: ['sync'],
  summary: 'fetch a profile\'s orders for a range of Taipei days into the cache',
  summaryZh: '將設定檔在一段期間（台北日期）的訂單同步到本機快取',
  options: {
    profile: { type: 'string', required: true, description: 'profile name', zh: '設定檔名稱', value: 'N' },
    from: { type: 'string', required: true, description: 'first Taipei day', zh: '第一天（台北日期）', value: 'YYYY-MM-DD' },
    to: { type: 'string', required: true, description: 'last Taipei day (inclusive)', zh: '最後一天（台北日期，含當天）', value: 'YYYY-MM-DD' },
  },
  async run(options, io) {
    const range = validateSyncRange(requireString(options, 'from'), requireString(options, 'to'));
    return withApp(io, async (app) => {
      const profile = getProfile(app, requireString(options, 'profile'));
      const controller = new AbortController();
      void io.untilStopped().then(() => controller.abort());
      let last = '';
      const summary = await syncProfile(app, profile, range, {
        jobId: 'cli',
        signal: controller.signal,
        progress: (u) => {
          if (u.error) io.stderr(`${io.lang === 'zh-TW' ? '錯誤' : 'error'}: ${said(io, u.errorMessage, u.error)}\n`);
          if (u.message && u.message !== last) {
            last = u.message;
            io.stderr(`${said(io, u.messageMsg, u.message)}\n`);
          }
        },
      });
      io.stdout(`${JSON.stringify(summary)}\n`);
      return summary.state === 'done' ? 0 : 1;
    });
  },
};
