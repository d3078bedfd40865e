// Every `recon` command, in the order `recon --help` lists them.
import type { Command } from '../command.ts';

export const commands: Command[] = [];
