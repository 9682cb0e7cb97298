-- a restrictive policy and a permissive one each dropped and made again under another name with the same definition: nothing widens (no flag)
-- old
CREATE TABLE ledger (id integer PRIMARY KEY, tenant text NOT NULL, amount numeric);
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_only ON ledger AS RESTRICTIVE USING (tenant = current_setting('app.tenant', true));
CREATE POLICY readers ON ledger FOR SELECT TO PUBLIC USING (amount IS NOT NULL);
-- new
CREATE TABLE ledger (id integer PRIMARY KEY, tenant text NOT NULL, amount numeric);
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY ledger_tenant ON ledger AS RESTRICTIVE USING (tenant = current_setting('app.tenant', true));
CREATE POLICY ledger_readers ON ledger FOR SELECT TO PUBLIC USING (amount IS NOT NULL);
