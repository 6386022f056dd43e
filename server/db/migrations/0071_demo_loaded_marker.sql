-- The demo is loaded in one transaction that ends by writing 'demo_loaded'; a demo loaded before this marker existed
-- is recognised by the account list it wrote last.
INSERT INTO instance_settings (key, value)
SELECT 'demo_loaded', '{"recorded": "0071"}'::jsonb
WHERE EXISTS (SELECT 1 FROM instance_settings WHERE key = 'demo_accounts')
ON CONFLICT (key) DO NOTHING;
