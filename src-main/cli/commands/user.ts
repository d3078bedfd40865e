// recon user add | disable | reset-password | list: the accounts of a team server (issue #23).
// Passwords come from RECON_PASSWORD or stdin, never from an argument: arguments show in `ps` and in
// the shell's history.
import { type CliIO, type Command, UsageError, requireString, said } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { addUser, disableUser, listUsers, parseRole, resetPassword } from '../../core/services/accounts.ts';
import { formatTaipei } from '../../core/time.ts';

async function passwordFrom(io: CliIO): Promise<string> {
  const fromEnv = io.env.RECON_PASSWORD;
  // The first line of stdin, so `printf '%s\n' "$PW" | recon user add …` works; the rest is ignored.
  const password = fromEnv !== undefined && fromEnv !== '' ? fromEnv : ((await io.readStdin()).split(/\r?\n/)[0] ?? '');
  if (password === '') throw new UsageError('give the password in RECON_PASSWORD or on stdin', { msg: msg('team.need_password') });
  return password;
}

const nameOption = { name: { type: 'string', required: true, description: 'user name (letters, digits, . _ @ -)', zh: '使用者名稱（英文字母、數字、. _ @ -）', value: 'N' } } as const;

export const userAddCommand: Command = {
  path: ['user', 'add'],
  summary: 'add a person who may sign in to the team server, with a role',
  summaryZh: '新增可以登入團隊伺服器的人員，並指定角色',
  options: {
    ...nameOption,
    role: { type: 'string', required: true, description: 'viewer, accountant, support, finance or admin', zh: '角色：viewer、accountant、support、finance 或 admin', value: 'R' },
  },
  details: 'The password is read from RECON_PASSWORD, or else from the first line of stdin; never from an argument.',
  detailsZh: '密碼從 RECON_PASSWORD 讀取，否則從 stdin 的第一行讀取；不接受放在參數中。',
  async run(options, io) {
    const name = requireString(options, 'name');
    const role = parseRole(requireString(options, 'role'));
    const password = await passwordFrom(io);
    return withApp(io, async (app) => {
      const u = await addUser(app, { name, role, password });
      io.stdout(`${said(io, msg('team.user_added', { name: u.name, role: msg('team.role', { role: u.role }) }), `added user ${u.name} (${u.role})`)}\n`);
      return 0;
    }, { audit: true });
  },
};

export const userDisableCommand: Command = {
  path: ['user', 'disable'],
  summary: 'disable a user and end their sessions (the audit log keeps their name)',
  summaryZh: '停用使用者並結束其登入工作階段（稽核紀錄保留其名稱）',
  options: nameOption,
  async run(options, io) {
    const name = requireString(options, 'name');
    return withApp(io, async (app) => {
      const u = disableUser(app, name);
      io.stdout(`${said(io, msg('team.user_disabled', { name: u.name }), `disabled user ${u.name} and ended their sessions`)}\n`);
      return 0;
    }, { audit: true });
  },
};

export const userResetPasswordCommand: Command = {
  path: ['user', 'reset-password'],
  summary: "set a user's password (from RECON_PASSWORD or stdin) and end their sessions",
  summaryZh: '重設使用者的密碼（從 RECON_PASSWORD 或 stdin 讀取）並結束其登入工作階段',
  options: nameOption,
  async run(options, io) {
    const name = requireString(options, 'name');
    const password = await passwordFrom(io);
    return withApp(io, async (app) => {
      const u = await resetPassword(app, name, password);
      io.stdout(`${said(io, msg('team.password_reset', { name: u.name }), `reset the password of ${u.name} and ended their sessions`)}\n`);
      return 0;
    }, { audit: true });
  },
};

export const userListCommand: Command = {
  path: ['user', 'list'],
  summary: 'list users, their roles and whether they are disabled',
  summaryZh: '列出使用者、角色以及是否已停用',
  options: { json: { type: 'boolean', description: 'print JSON', zh: '以 JSON 輸出' } },
  async run(options, io) {
    return withApp(io, async (app) => {
      const users = listUsers(app);
      if (options.json) io.stdout(`${JSON.stringify(users)}\n`);
      else if (users.length === 0) io.stdout(`${said(io, msg('team.no_users'), 'no users yet: add one with `recon user add`')}\n`);
      else {
        for (const u of users) {
          const role = said(io, msg('team.role', { role: u.role }), u.role);
          const state = said(io, msg('team.user_state', { disabled: u.disabled ? 'yes' : 'no' }), u.disabled ? 'disabled' : 'active');
          io.stdout(`${u.name}\t${role}\t${state}\t${formatTaipei(u.updatedAtMs)}\n`);
        }
      }
      return 0;
    });
  },
};
