-- Built-in roles. Administrators are separated (三员分立): none of them holds business permissions.
INSERT INTO roles (code, name_zh, name_en, admin_kind, permissions) VALUES
  ('sys_admin', '系统管理员', 'System administrator', 'system',
    ARRAY['account.read', 'account.write', 'region.write', 'calendar.write', 'org.read', 'scope.cross_type']),
  ('sec_admin', '安全管理员', 'Security administrator', 'security',
    ARRAY['account.read', 'account.unlock', 'role.grant', 'scope.cross_type']),
  ('audit_admin', '审计管理员', 'Audit administrator', 'audit',
    ARRAY['audit.read', 'scope.cross_type']),
  ('org_admin', '组织管理员', 'Organization administrator', NULL,
    ARRAY['org.read', 'org.write', 'people.read', 'people.write', 'people.reveal', 'staff.read', 'staff.write']),
  ('worker', '工作人员', 'Staff worker', NULL,
    ARRAY['org.read', 'people.read', 'people.write', 'people.reveal', 'staff.read']),
  ('coordinator', '联席办工作人员', 'Coordination office staff', NULL,
    ARRAY['org.read', 'people.read', 'staff.read', 'scope.cross_type']),
  ('viewer', '只读查看', 'Read-only viewer', NULL,
    ARRAY['org.read', 'staff.read']);
