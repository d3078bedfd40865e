// Every `recon` command, in the order `recon --help` lists them.
import type { Command } from '../command.ts';
import { flashpayDecodeCommand } from './flashpay.ts';
import { firstbankSignCommand, firstbankVerifyCommand } from './firstbank.ts';
import { sandboxCommand } from './sandbox.ts';
import { profileAddCommand, profileListCommand, profileRemoveCommand } from './profile.ts';
import { syncCommand } from './sync.ts';
import { ordersCommand } from './orders.ts';
import { reconcileCommand } from './reconcile.ts';
import { cancelCommand, refundCommand, resolveCommand } from './actions.ts';
import { auditExportCommand, auditVerifyCommand } from './audit.ts';
import { exportCommand } from './export.ts';
import { anomaliesCommand, anomalyAcceptCommand, payoutsCommand, periodCloseCommand, periodListCommand, periodReopenCommand, settlementCommand } from './money.ts';

export const commands: Command[] = [
  profileAddCommand,
  profileListCommand,
  profileRemoveCommand,
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
  cancelCommand,
  refundCommand,
  resolveCommand,
  auditVerifyCommand,
  auditExportCommand,
  exportCommand,
  flashpayDecodeCommand,
  firstbankSignCommand,
  firstbankVerifyCommand,
  sandboxCommand,
];
