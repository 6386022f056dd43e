/**
 * Common passwords refused whatever their composition, stored lower-case and compared case-insensitively. Drawn
 * from the usual leaked-password top lists and the patterns Chinese administrators pick to pass complexity rules
 * (`Aa123456`, `P@ssw0rd`, `Admin@123`, keyboard walks, 5201314); short entries are kept because the check runs
 * independently of the length rule.
 */
const COMMON_PASSWORDS = [
  // Top of the leaked lists.
  '123456', '12345678', '123456789', '1234567890', '12345', '1234567', '111111', '000000', '888888', '666666',
  '123123', '654321', '112233', '121212', '11111111', '88888888', '00000000', '147258369', '987654321', '0123456789',
  'password', 'password1', 'password12', 'password123', 'password1234', 'password!', 'password@123', 'password#123',
  'passw0rd', 'passw0rd!', 'passw0rd1', 'p@ssw0rd', 'p@ssw0rd1', 'p@ssw0rd!', 'p@ssw0rd123', 'p@ssword', 'p@ssword1',
  'p@ssword123', 'pa$$w0rd', 'pa$$word', 'pa$$word1', 'pass@123', 'pass@1234', 'pass1234', 'pass@word1',
  'qwerty', 'qwerty1', 'qwerty12', 'qwerty123', 'qwerty123!', 'qwerty@123', 'qwertyuiop', 'qwer1234', 'qwer1234!',
  'qwer1234!@#$', 'qwer!234', 'qwe123', 'qwe123!@#', 'qweasd', 'qweasdzxc', 'qweasdzxc123', 'qwe@123', 'qweqwe123',
  'asdf1234', 'asdfghjkl', 'asd123', 'asd123456', 'zxcvbnm', 'zxcvbnm123', 'zxc123456', 'zxcv1234',
  '1q2w3e4r', '1q2w3e4r5t', '1q2w3e', '1q2w3e4r!', 'q1w2e3r4', 'q1w2e3r4t5', '1qaz2wsx', '1qaz2wsx3edc', '1qaz@wsx',
  '1qaz!qaz', '1qaz@wsx3edc', '!qaz2wsx', '!qaz@wsx', '2wsx3edc', 'zaq12wsx', 'zaq1xsw2', 'zaq!2wsx',
  // Letter-digit patterns that satisfy "three classes".
  'aa123456', 'aa1234567', 'aa12345678', 'aa123456789', 'aa123456!', 'aa123456.', 'aa@123456', 'aa112233',
  'abc123', 'abc12345', 'abc123456', 'abc1234567', 'abc123456789', 'abc@123', 'abc@1234', 'abc@123456', 'abcd1234',
  'abcd@1234', 'abcd1234!', 'abcd123456', 'abc123!@#', 'a123456', 'a1234567', 'a12345678', 'a123456789', 'a1b2c3d4',
  'a1b2c3d4e5', 'a123456.', 'a123123', 'a111111', 'aaa111', 'abcdefg1', 'abcdef123', '123456a', '123456aa',
  '123456abc', '123qwe', '123qwe!@#', '123qweasd', '123qweasdzxc', '123abc', '123456qwe', '123456q', '12345qwert',
  'test123', 'test@123', 'test1234', 'test@1234', 'test123456', 'testtest',
  // Role and product names with a suffix.
  'admin', 'admin1', 'admin12', 'admin123', 'admin1234', 'admin12345', 'admin123456', 'admin@123', 'admin@1234',
  'admin@123456', 'admin123!', 'admin123!@#', 'admin!@#', 'admin888', 'admin666', 'administrator', 'adminadmin',
  'root', 'root123', 'root@123', 'root1234', 'root@1234', 'toor', 'system', 'system123', 'system@123', 'sysadmin',
  'manager', 'manager123', 'guest', 'guest123', 'user', 'user123', 'user@123', 'welcome', 'welcome1', 'welcome123',
  'welcome@123', 'changeme', 'changeme123', 'default', 'letmein', 'letmein1', 'iloveyou', 'iloveyou1', 'monkey',
  'dragon', 'master', 'sunshine', 'princess', 'football', 'baseball', 'superman', 'trustno1', 'secret', 'secret123',
  'huawei@123', 'huawei123', 'huawei@1234', 'oracle123', 'mysql123', 'postgres', 'postgres123', 'qunhub', 'qunhub123',
  'qunhub@123',
  // Chinese favourites: pinyin, love numbers, place names.
  'woaini', 'woaini1314', 'woaini520', 'woaini123', 'woaini@1314', 'iloveyou1314', '5201314', '520520', '1314520',
  '5211314', 'wangyang', 'zhangwei', 'wangwei', 'liwei', 'zhang123', 'wang123', 'li123456', 'qq123456', 'qq123456789',
  'chengdu', 'chengdu123', 'chengdu@123', 'chengdu@2024', 'chengdu@2025', 'chengdu@2026', 'sichuan', 'sichuan123',
  'sichuan@123', 'tianfu123', 'tianfu@123', 'panda123', 'china123', 'china@123', 'beijing123', 'shanghai123',
  'zhongguo', 'zhongguo123', 'gonghui123', 'tuanwei123', 'fulian123',
] as const;

export const PASSWORD_BLOCKLIST: ReadonlySet<string> = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));
