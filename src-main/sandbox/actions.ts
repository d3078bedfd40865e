// The journal of money actions a sandbox applied (cancels, refunds), for GET /_sandbox/actions: tests
// prove a dropped answer still acted exactly once, and reconciliation demos can list them.

export interface ActionRecord {
  op: 'cancel' | 'refund';
  orderNo: string;
  amountCents: number;
  /** The amount as the gateway writes it ("500.00" for FlashPay, "500" for First Bank). */
  amount: string;
  atMs: number;
  /** Taipei wall time, 'YYYY-MM-DD HH:mm:ss'. */
  time: string;
  /** The order status the action left. */
  resultStatus: string;
  /** 'seed' for the demo history, 'api' for requests the sandbox served. */
  source: 'seed' | 'api';
}
