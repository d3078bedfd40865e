// Answer samples copied from seed 000 (FlashPay), shared by the order and client tests.

// The seed's 106 answer sample (section 8, multi-order query).
export const SEED_106_ANSWER = {
  returnCode: '0',
  mer_detail: [
    {
      ver: '1.0.0', mer_id: 'D061', tx_type: '9', tx_amt: '500.00', tot_pay_amt: '500.00', tot_ret_amt: '0.00',
      can_pay_amt: '0.00', can_ret_amt: '500.00', order_no: 'FP2204260900001795', ord_no: '269242',
      ord_time: '2022-04-26 09:51:25+08', order_status: '04', ret_code: '00',
      ret_msg: '交易成功(Approved or completed successfully)', service_fee: '15.00', refund_service_fee: '0.00',
    },
    {
      ver: '1.0.0', mer_id: 'D061', tx_type: '9', tx_amt: '500.98', tot_pay_amt: '500.98', tot_ret_amt: '0.00',
      can_pay_amt: '0.00', can_ret_amt: '500.98', order_no: 'FP2204251200001794', ord_no: '269241',
      ord_time: '2022-04-25 12:19:17+08', order_status: '04', ret_code: '00',
      ret_msg: '交易成功(Approved or completed successfully)', service_fee: '15.00', refund_service_fee: '0.00',
    },
  ],
};

// The seed's cancel (tx_type 8) answer sample, section 7.
export const SEED_CANCEL_ANSWER = {
  ver: '1.0.0', mer_id: 'HT000000001', tx_type: '8', tot_pay_amt: '0.00', tot_ret_amt: '0.00', can_pay_amt: '0.00',
  can_ret_amt: '0.00', ord_no: '10329', ord_time: '2022-04-15 16:46:50+08', order_status: '12', ret_code: '00',
  ret_msg: '交易成功(Approved or completed successfully)',
};
