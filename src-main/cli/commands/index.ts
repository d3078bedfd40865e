// Every `recon` command, in the order `recon --help` lists them.
import type { Command } from '../command.ts';
import { flashpayDecodeCommand } from './flashpay.ts';
import { firstbankSignCommand, firstbankVerifyCommand } from './firstbank.ts';
import { sandboxCommand } from './sandbox.ts';
import { profileAddCommand, profileListCommand, profileRemoveCommand } from './profile.ts';
import { syncCommand } from './sync.ts';
import { ordersCommand } from './orders.ts';
import { exceptionsCommand, reconcileCommand } from './reconcile.ts';
import { cancelCommand, refundCommand, resolveCommand } from './actions.ts';
import { auditExportCommand, auditVerifyCommand } from './audit.ts';
import { exportCommand } from './export.ts';
import { backupCommand, checkCommand, diagnosticsCommand, restoreCommand } from './maintenance.ts';
import { serveCommand } from './serve.ts';
import { userAddCommand, userDisableCommand, userListCommand, userResetPasswordCommand } from './user.ts';
import { dbMigrateCommand, dbStatusCommand } from './db.ts';
import { approvalsPolicyCommand } from './approvals.ts';
import { teamExportKeyCommand, teamImportCommand, teamImportKeyCommand } from './team.ts';
import { anomaliesCommand, anomalyAcceptCommand, payoutsCommand, periodCloseCommand, periodListCommand, periodReopenCommand, settlementCommand } from './money.ts';

export const commands: Command[] = [
  profileAddCommand,
  profileListCommand,
  profileRemoveCommand,
  userAddCommand,
  userListCommand,
  userDisableCommand,
  userResetPasswordCommand,
  approvalsPolicyCommand,
  syncCommand,
  ordersCommand,
  settlementCommand,
  payoutsCommand,
  periodCloseCommand,
  periodListCommand,
  periodReopenCommand,
  anomaliesCommand,
  anomalyAcceptCommand,
  reconcileCommand,
  exceptionsCommand,
  cancelCommand,
  refundCommand,
  resolveCommand,
  auditVerifyCommand,
  auditExportCommand,
  exportCommand,
  backupCommand,
  restoreCommand,
  checkCommand,
  diagnosticsCommand,
  dbStatusCommand,
  dbMigrateCommand,
  teamImportCommand,
  teamExportKeyCommand,
  teamImportKeyCommand,
  flashpayDecodeCommand,
  firstbankSignCommand,
  firstbankVerifyCommand,
  sandboxCommand,
  serveCommand,
];
