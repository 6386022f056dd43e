-- The system administrator maintains the configurable catalogues: organization types and staff programmes.
UPDATE roles SET permissions = array_append(permissions, 'catalog.write') WHERE code = 'sys_admin';
