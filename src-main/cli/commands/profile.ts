// recon profile add | list | remove
import { type Command, UsageError, optionalString, requireString, said, choiceList } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { type Environment, listProfiles, needsSecret, secretsFor, secretsStatus } from '../../core/services/profiles.ts';
import { gatewayLabel, gatewayNames, isGatewayName } from '../../core/gateways/registry.ts';
import { addProfileAudited, removeProfileAudited } from '../../core/services/profile-changes.ts';
import { parseCents } from '../../core/money.ts';
import { parseFeeRate } from '../../core/services/profile-admin.ts';


export const profileAddCommand: Command = {
  path: ['profile', 'add'],
  summary: 'add a gateway profile; secrets from RECON_HASH_KEY / RECON_HASH_IV go to the keychain',
  summaryZh: '新增金流設定檔；環境變數 RECON_HASH_KEY 與 RECON_HASH_IV 中的金鑰會存入金鑰圈',
  options: {
    name: { type: 'string', required: true, description: 'profile name', zh: '設定檔名稱', value: 'N' },
    gateway: { type: 'string', required: true, description: 'flashpay or firstbank', zh: 'flashpay 或 firstbank', value: 'G' },
    'base-url': { type: 'string', required: true, description: 'gateway base URL (trade host for FlashPay)', zh: '金流網址（FlashPay 填交易主機）', value: 'URL' },
    'query-url': { type: 'string', description: 'FlashPay querytrade host when it differs', zh: 'FlashPay 查詢交易（querytrade）的主機，與交易主機不同時才需要', value: 'URL' },
    'merchant-id': { type: 'string', required: true, description: 'FlashPay mer_id / First Bank PlatFormId', zh: 'FlashPay 的 mer_id，或第一銀行的 PlatFormId', value: 'ID' },
    environment: { type: 'string', description: 'sandbox, test or production (default: sandbox for loopback URLs, else production)', zh: 'sandbox、test 或 production（預設：本機網址為 sandbox，其他為 production）', value: 'E' },
    'fee-rate': { type: 'string', description: 'fee schedule percentage of captured amounts, for gateways that report no fee', zh: '手續費率（請款金額的百分比），供不回報手續費的金流使用', value: '2.75' },
    'fee-fixed': { type: 'string', description: 'fixed fee per captured order, NTD', zh: '每筆已請款訂單的固定手續費（新台幣元）', value: '0' },
  },
  details: 'Secrets are read from the environment, never from arguments (they would show in `ps` and shell history).',
  detailsZh: '金鑰只從環境變數讀取，不接受命令列參數（參數會出現在 `ps` 與 shell 的指令紀錄中）。',
  async run(options, io) {
    const gateway = requireString(options, 'gateway');
    if (!isGatewayName(gateway)) {
      throw new UsageError(`--gateway must be ${gatewayNames().join(' or ')}, got ${JSON.stringify(gateway)}`, {
        msg: msg('cli.bad_choice', { option: '--gateway', choices: choiceList(gatewayNames()), value: gateway }),
      });
    }
    const environment = optionalString(options, 'environment');
    if (environment !== undefined && !['sandbox', 'test', 'production'].includes(environment)) {
      throw new UsageError('--environment must be sandbox, test or production', { msg: msg('cli.bad_choice_plain', { option: '--environment', choices: choiceList(['sandbox', 'test', 'production']) }) });
    }
    const hashKey = io.env.RECON_HASH_KEY;
    const hashIv = io.env.RECON_HASH_IV;
    if (!hashKey) throw new UsageError('set RECON_HASH_KEY (and RECON_HASH_IV for FlashPay) in the environment', { msg: msg('cli.need_hash_key') });
    if (needsSecret(gateway, 'hashIv') && !hashIv) {
      throw new UsageError(`set RECON_HASH_IV in the environment (${gatewayLabel(gateway)} needs a HashIV)`, { msg: msg('cli.need_hash_iv', { gateway: gatewayLabel(gateway) }) });
    }
    const feeFixed = optionalString(options, 'fee-fixed');
    const feeRate = optionalString(options, 'fee-rate');
    return withApp(io, async (app) => {
      const p = await addProfileAudited(
        app,
        {
          name: requireString(options, 'name'),
          gateway,
          environment: environment as Environment | undefined,
          tradeUrl: requireString(options, 'base-url'),
          queryUrl: optionalString(options, 'query-url'),
          merchantId: requireString(options, 'merchant-id'),
          feeRatePpm: feeRate === undefined ? null : parseFeeRate(feeRate),
          feeFixedCents: feeFixed === undefined ? null : parseCents(feeFixed, '--fee-fixed'),
        },
        secretsFor(gateway, { hashKey, hashIv }),
      );
      const english = `added profile ${p.name} (${p.gateway}, ${p.environment}, ${p.tradeUrl}); secrets stored in the keychain`;
      io.stdout(`${said(io, msg('cli.profile_added', { name: p.name, gateway: p.gateway, environment: p.environment, url: p.tradeUrl }), english)}\n`);
      return 0;
    }, { audit: true });
  },
};

export const profileListCommand: Command = {
  path: ['profile', 'list'],
  summary: 'list profiles (and whether their secrets are set)',
  summaryZh: '列出設定檔（以及金鑰是否已設定）',
  options: { json: { type: 'boolean', description: 'print JSON', zh: '以 JSON 輸出' } },
  async run(options, io) {
    return withApp(io, async (app) => {
      const rows = [];
      for (const p of listProfiles(app)) {
        let secrets: string;
        try {
          const s = await secretsStatus(app, p);
          secrets = s.hashKey && (!needsSecret(p.gateway, 'hashIv') || s.hashIv) ? 'set' : 'missing';
        } catch {
          secrets = 'keychain unavailable';
        }
        rows.push({ name: p.name, gateway: p.gateway, environment: p.environment, baseUrl: p.tradeUrl, queryUrl: p.queryUrl, merchantId: p.merchantId, secrets });
      }
      if (options.json) io.stdout(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) io.stdout(`${said(io, msg('cli.no_profiles'), 'no profiles yet: add one with `recon profile add`')}\n`);
      else {
        for (const r of rows) {
          const secrets = said(io, msg('cli.secrets_state', { state: r.secrets === 'keychain unavailable' ? 'unavailable' : r.secrets }), `secrets ${r.secrets}`);
          io.stdout(`${r.name}\t${r.gateway}\t${r.environment}\t${r.merchantId}\t${r.baseUrl}\t${secrets}\n`);
        }
      }
      return 0;
    });
  },
};

export const profileRemoveCommand: Command = {
  path: ['profile', 'remove'],
  summary: 'remove a profile, its cached orders and its keychain entries',
  summaryZh: '移除設定檔、它快取的訂單，以及它在金鑰圈中的金鑰',
  options: { name: { type: 'string', required: true, description: 'profile name', zh: '設定檔名稱', value: 'N' } },
  async run(options, io) {
    const name = requireString(options, 'name');
    return withApp(io, async (app) => {
      await removeProfileAudited(app, name);
      io.stdout(`${said(io, msg('cli.profile_removed', { name }), `removed profile ${name}`)}\n`);
      return 0;
    }, { audit: true });
  },
};
