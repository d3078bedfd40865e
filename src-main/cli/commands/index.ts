// Every `recon` command, in the order `recon --help` lists them.
import type { Command } from '../command.ts';
import { flashpayDecodeCommand } from './flashpay.ts';
import { firstbankSignCommand, firstbankVerifyCommand } from './firstbank.ts';
import { profileAddCommand, profileListCommand, profileRemoveCommand } from './profile.ts';
import { syncCommand } from './sync.ts';
import { ordersCommand } from './orders.ts';
import { sandboxCommand } from './sandbox.ts';

export const commands: Command[] = [
  profileAddCommand,
  profileListCommand,
  profileRemoveCommand,
  syncCommand,
  ordersCommand,
  flashpayDecodeCommand,
  firstbankSignCommand,
  firstbankVerifyCommand,
  sandboxCommand,
];
