// Runs before `npm install`: a clear message beats a cryptic native-module failure later.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `recon-console needs Node.js 22.12 or newer (Node 24 LTS recommended); this is Node ${process.versions.node}.\n` +
      'Install Node 24 without touching the system Node:\n' +
      '  npm install --prefix ~/.cache/node24 node@24 && export PATH=~/.cache/node24/node_modules/.bin:$PATH\n' +
      'then run npm install again (or use nvm: `nvm use`, which reads .nvmrc).',
  );
  process.exit(1);
}
