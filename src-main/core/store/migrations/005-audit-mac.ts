// 5: an audit log that cannot be rewritten silently, and a journal it covers.
//  - audit_log.mac: HMAC-SHA256 of the entry's hash under the per-install audit key (held in the OS
//    keychain, never in this file). The hash covers the whole chain before it, so one MAC per entry
//    binds everything up to it. NULL for entries written before the key existed (sealed by the
//    `audit.anchored` entry that follows them) or while no keychain was available.
//  - audit_log.journal: for entries about a money action, a digest of the action row as it stood
//    right after the change the entry records; verify compares it with the row, so an edited or
//    deleted journal row is found too.
// ADD COLUMN rewrites no row, so the append-only triggers are not involved.
export default `
  ALTER TABLE audit_log ADD COLUMN mac TEXT;
  ALTER TABLE audit_log ADD COLUMN journal TEXT;
  CREATE INDEX audit_action ON audit_log (action_id, seq) WHERE action_id IS NOT NULL;
  `;
