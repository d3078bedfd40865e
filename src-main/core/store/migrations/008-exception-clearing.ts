// Exceptions are a queue, not a run's output: an exception stays open until it is resolved or
// accepted, or until a later run that covers its order no longer finds it (cleared_run_id). Before
// this, "the latest run of the profile" decided, so a narrow run hid every exception outside its days.
// Existing rows start uncleared: whatever was open stays open until a run that covers it says otherwise.
export default `
  ALTER TABLE reconcile_exceptions ADD COLUMN cleared_run_id INTEGER;
  ALTER TABLE reconcile_exceptions ADD COLUMN cleared_at_ms INTEGER;
  CREATE INDEX reconcile_exceptions_day ON reconcile_exceptions (profile_id, taipei_day);
  `;
