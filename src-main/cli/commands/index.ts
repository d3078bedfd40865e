// Every `recon` command, in the order `recon --help` lists them.
import type { Command } from '../command.ts';
import { flashpayDecodeCommand } from './flashpay.ts';
import { firstbankSignCommand, firstbankVerifyCommand } from './firstbank.ts';

export const commands: Command[] = [flashpayDecodeCommand, firstbankSignCommand, firstbankVerifyCommand];
