// The daily roll-up (money_days) is kept by the money-entry store instead of a per-entry trigger: a
// sync answer's entries are summed per day and profile in memory and written once per day, in the
// same transaction (ingest spent about a third of its time in the trigger's per-row upsert). Entries
// are only ever inserted by MoneyEntryStore.book; the delete trigger stays (profile removal cascades).
export default `
  DROP TRIGGER money_entries_roll;
`;
