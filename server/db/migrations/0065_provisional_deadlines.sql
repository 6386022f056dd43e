-- A deadline counted into a year whose official holiday arrangement is not yet published is provisional (预计):
-- computed from the statutory holidays alone, shown as such, and moved when the arrangement is entered.
ALTER TABLE requests ADD COLUMN due_provisional boolean NOT NULL DEFAULT false;
CREATE INDEX requests_due_provisional ON requests (id) WHERE due_provisional AND status <> 'closed';
ALTER TABLE rating_rectifications ADD COLUMN due_provisional boolean NOT NULL DEFAULT false;
CREATE INDEX rating_rectifications_due_provisional ON rating_rectifications (id) WHERE due_provisional AND status = 'open';

ALTER TABLE request_events DROP CONSTRAINT request_events_kind_check;
ALTER TABLE request_events ADD CONSTRAINT request_events_kind_check CHECK (kind IN (
  'submit', 'accept', 'respond', 'note', 'co_handler', 'return', 'transfer', 'dispatch', 'escalate', 'resolve', 'close',
  'supervise', 'rate', 'take_over', 'info', 'callback', 'duplicate', 'attachment', 'deadline'));
