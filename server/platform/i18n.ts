import type { ErrorCode, ErrorParams } from './errors.js';

export type Lang = 'zh-CN' | 'en';

/** Picks zh-CN unless the caller prefers English over Chinese in Accept-Language. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const prefs = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const p of prefs) {
    if (p.tag.startsWith('zh')) return 'zh-CN';
    if (p.tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

const CODE_MESSAGES: Record<ErrorCode, Record<Lang, string>> = {
  VALIDATION: { 'zh-CN': '输入不正确', en: 'Invalid input' },
  MALFORMED_JSON: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { 'zh-CN': '用户名或密码错误，或账号暂时不可用', en: 'Wrong username or password, or the account is temporarily unavailable' },
  SESSION_EXPIRED: { 'zh-CN': '会话已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  FORBIDDEN: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  CSRF: { 'zh-CN': '请求来源校验失败，请刷新页面后重试', en: 'Request origin check failed; reload the page and try again' },
  NOT_FOUND: { 'zh-CN': '记录不存在或不在您的管辖范围内', en: 'Not found, or outside your scope' },
  CONFLICT: { 'zh-CN': '与现有记录冲突', en: 'Conflicts with an existing record' },
  STALE_VERSION: { 'zh-CN': '记录已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and try again' },
  IDEMPOTENCY_IN_PROGRESS: { 'zh-CN': '相同的请求正在处理中', en: 'The same request is still being processed' },
  IDEMPOTENCY_ANSWER_LOST: {
    'zh-CN': '该请求已经办理，但应答已丢失，请查询记录确认',
    en: 'The request was carried out, but its answer was lost; look the record up',
  },
  IDEMPOTENCY_KEY_REUSED: { 'zh-CN': '幂等键（Idempotency-Key）已用于另一个请求', en: 'The Idempotency-Key was already used for a different request' },
  PASSWORD_POLICY: { 'zh-CN': '密码不符合安全策略', en: 'The password does not meet the policy' },
  PASSWORD_REUSED: { 'zh-CN': '不能使用最近用过的密码', en: 'A recently used password cannot be reused' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INVALID_STATE: { 'zh-CN': '当前状态不允许此操作', en: 'This action is not allowed in the current state' },
  CALENDAR_NOT_COVERED: { 'zh-CN': '工作日历无法计算该年份（支持 1901–2099 年）', en: 'The working-day calendar cannot compute that year (1901–2099)' },
  INTEGRITY: { 'zh-CN': '数据完整性校验失败，已记录', en: 'Stored data failed its integrity check; this has been recorded' },
  UNAVAILABLE: { 'zh-CN': '服务暂时不可用，请稍后再试', en: 'Service temporarily unavailable; try again later' },
  INTERNAL: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  CHANNEL_OFF: { 'zh-CN': '本平台未开通短信发送，暂不能使用验证码登录', en: 'This platform has no SMS gateway configured; sign-in by code is not available' },
};

const REASONS: Record<string, Record<Lang, string>> = {
  required: { 'zh-CN': '必填', en: 'is required' },
  type: { 'zh-CN': '类型应为 {expected}', en: 'must be of type {expected}' },
  maxLength: { 'zh-CN': '长度不能超过 {limit}', en: 'must be at most {limit} characters' },
  minLength: { 'zh-CN': '长度不能少于 {limit}', en: 'must be at least {limit} characters' },
  maximum: { 'zh-CN': '不能大于 {limit}', en: 'must be at most {limit}' },
  minimum: { 'zh-CN': '不能小于 {limit}', en: 'must be at least {limit}' },
  maxItems: { 'zh-CN': '最多 {limit} 项', en: 'must have at most {limit} items' },
  minItems: { 'zh-CN': '至少 {limit} 项', en: 'must have at least {limit} items' },
  pattern: { 'zh-CN': '格式不正确', en: 'has an invalid format' },
  format: { 'zh-CN': '格式应为 {format}', en: 'must be a valid {format}' },
  enum: { 'zh-CN': '取值不在允许范围内', en: 'must be one of the allowed values' },
  const: { 'zh-CN': '取值不在允许范围内', en: 'must be one of the allowed values' },
  unknown_field: { 'zh-CN': '不是可接受的字段', en: 'is not an accepted field' },
  nul: { 'zh-CN': '不能包含空字符', en: 'must not contain NUL characters' },
  depth: { 'zh-CN': '嵌套层级不能超过 {limit} 层', en: 'must not nest deeper than {limit} levels' },
  multipart: { 'zh-CN': '不是完整有效的 multipart 表单', en: 'is not a complete, well-formed multipart form' },
  invalid: { 'zh-CN': '取值无效', en: 'is invalid' },
  id_format: { 'zh-CN': '不是有效的18位公民身份号码', en: 'is not a valid 18-character resident ID number' },
  id_checksum: { 'zh-CN': '公民身份号码校验码错误', en: 'has a wrong ID-number check character' },
  id_birthdate: { 'zh-CN': '公民身份号码中的出生日期无效', en: 'contains an impossible birth date' },
  credit_code: { 'zh-CN': '不是有效的统一社会信用代码', en: 'is not a valid unified social credit code' },
  credit_code_type: {
    'zh-CN': '与登记类型不符：民政部门登记的社会团体、社会服务机构、基金会的代码以 51、52、53 开头',
    en: 'does not match the registration type: associations, social service organizations and foundations registered by civil affairs have codes starting 51, 52 and 53',
  },
  phone: { 'zh-CN': '不是有效的手机号码', en: 'is not a valid mobile number' },
  email: { 'zh-CN': '不是有效的电子邮箱地址', en: 'is not a valid email address' },
  duplicate: { 'zh-CN': '已存在相同记录', en: 'already exists' },
  region_level: { 'zh-CN': '所在区域层级不符合要求', en: 'is at a region level that is not allowed here' },
  parent_type: { 'zh-CN': '上级组织类型不一致', en: 'must belong to the same organization type' },
  cycle: { 'zh-CN': '不能移动到自身或下级之下', en: 'cannot be moved under itself or its descendants' },
  outside_scope: { 'zh-CN': '超出您的管辖范围', en: 'is outside your scope' },
  archived: { 'zh-CN': '已归档', en: 'is archived' },
  admin_combination: { 'zh-CN': '系统、安全、审计管理员角色不能与其他角色兼任', en: 'an administrator role cannot be combined with another role' },
  no_handler: { 'zh-CN': '该区域没有可承办此类诉求的组织', en: 'has no organization that can handle this kind of request' },
  not_assignable: { 'zh-CN': '是分类目录而非可受理的诉求类别', en: 'is a grouping, not a category requests can be filed under' },
  no_parent: { 'zh-CN': '已是最高层级，没有上级组织', en: 'is at the top level: there is no parent organization' },
  not_below: { 'zh-CN': '不在您的下级组织中', en: 'is not below your organization' },
  window: { 'zh-CN': '时间范围不能超过 {limit} 天', en: 'must span at most {limit} days' },
  date_order: { 'zh-CN': '结束日期不能早于开始日期', en: 'must not be before the start date' },
  booking_overlap: { 'zh-CN': '与{holder}已确认的预订（{from} 至 {to}）时间冲突', en: 'overlaps the confirmed booking of {holder} ({from} to {to})' },
  outside_hours: { 'zh-CN': '不在场馆开放时间内', en: 'is outside the opening hours of the venue' },
  venue_closed: { 'zh-CN': '当天场馆不开放（{day}）', en: 'falls on a day the venue is closed ({day})' },
  quota: { 'zh-CN': '超出本单位本月预订额度（{limit} 小时）', en: 'exceeds the monthly booking quota of your organization ({limit} hours)' },
  range_order: { 'zh-CN': '结束时间必须晚于开始时间，且在同一天内', en: 'must end after it starts, on the same day' },
  past: { 'zh-CN': '不能早于当前时间', en: 'must not be in the past' },
  file_type: { 'zh-CN': '文件类型不受支持（仅限 JPEG、PNG、WebP）', en: 'is not a supported file type (JPEG, PNG or WebP only)' },
  model_level: { 'zh-CN': '仅职工之家可设置模范等级', en: "applies to workers' homes only" },
  after_start: { 'zh-CN': '必须晚于开始时间', en: 'must be after the start' },
  after_open: { 'zh-CN': '必须晚于报名开始时间', en: 'must be after registration opens' },
  before_start: { 'zh-CN': '不能晚于活动开始时间', en: 'must not be after the activity starts' },
  offline_only: { 'zh-CN': '仅线上活动可填写', en: 'is only for online activities' },
  too_many: { 'zh-CN': '数量过多', en: 'has too many entries' },
  below_registered: { 'zh-CN': '不能少于已报名人数 {min}', en: 'must not be below the {min} already registered' },
  registration_closed: { 'zh-CN': '不在报名时间内', en: 'is not open for registration now' },
  already_registered: { 'zh-CN': '您已报名该活动', en: 'already has your registration' },
  full: { 'zh-CN': '名额已满', en: 'is full' },
  cancel_window: { 'zh-CN': '已过可取消时间', en: 'can no longer be cancelled' },
  checked_in: { 'zh-CN': '已签到，不能取消', en: 'is checked in and cannot be cancelled' },
  not_attended: { 'zh-CN': '签到或参与后才能评价', en: 'can be rated only after taking part' },
  not_started: { 'zh-CN': '活动开始后才能评价', en: 'can be rated only once the activity has begun' },
  not_live: { 'zh-CN': '线上活动尚未开始或已结束', en: 'is not live now' },
  already_applied: { 'zh-CN': '您已报名该志愿岗位', en: 'already has your application' },
  not_volunteer: { 'zh-CN': '请先注册为志愿者', en: 'requires a volunteer sign-up first' },
  not_confirmed: { 'zh-CN': '该志愿者未被确认参加此岗位', en: 'was not confirmed for this need' },
  before_need: { 'zh-CN': '早于岗位服务开始日期', en: 'is before the need starts' },
  future: { 'zh-CN': '不能是将来的日期', en: 'must not be in the future' },
  same_person: { 'zh-CN': '记录人不能确认自己记录的时长', en: 'cannot be confirmed by the person who recorded it' },
  too_frequent: { 'zh-CN': '验证码发送过于频繁，请稍后再试', en: 'has had a code sent too recently; try again later' },
  location: { 'zh-CN': '缺少位置：请提供 lat 和 long、address_string 或 address_id 之一', en: 'is missing: give lat and long, address_string or address_id' },
  no_hours: { 'zh-CN': '没有该单位已确认的服务时长', en: 'has no confirmed hours from this organization' },
  nomination_closed: { 'zh-CN': '不在推荐时间内', en: 'is not open for nominations now' },
  no_quota: { 'zh-CN': '未给本区（市）县分配名额', en: 'has no quota for your district' },
  quota_full: { 'zh-CN': '超出本区（市）县名额（{limit} 名）', en: 'exceeds the district quota of {limit}' },
  composition: { 'zh-CN': '不符合结构比例要求：{rule}', en: 'breaks a composition rule: {rule}' },
  composition_reason: {
    'zh-CN': '不符合结构比例要求（{rule}），须填写例外理由',
    en: 'breaks a composition rule ({rule}); an exception needs a written reason',
  },
  vetting_pending: { 'zh-CN': '尚有征求意见单位未回复', en: "still waits for a vetting department's opinion" },
  vetting_objection: { 'zh-CN': '有征求意见单位提出异议，须填写处理决定', en: 'has a vetting objection; a written decision is required' },
  nothing_shortlisted: { 'zh-CN': '没有拟表彰对象', en: 'has no shortlisted nominee' },
  notice_running: { 'zh-CN': '公示期至 {date} 尚未结束', en: 'is on public notice until {date}' },
  objections_open: { 'zh-CN': '尚有异议未办结', en: 'has objections without an outcome' },
  notice_closed: { 'zh-CN': '不在公示期内', en: 'is not on public notice now' },
  too_short: { 'zh-CN': '至少 10 个字符', en: 'must be at least 10 characters long' },
  too_long: { 'zh-CN': '不能超过 64 个字符', en: 'must be at most 64 characters long' },
  too_few_classes: { 'zh-CN': '须含大写字母、小写字母、数字、符号中的至少 3 类', en: 'must mix at least 3 of upper-case, lower-case, digits and symbols' },
  blocklisted: { 'zh-CN': '是常见密码', en: 'is a common password' },
  contains_username: { 'zh-CN': '不能包含用户名', en: 'must not contain the username' },
  guessable: {
    'zh-CN': '容易被猜出（常见或泄露过的密码、常用词加年份、键盘序列、日期或重复字符）',
    en: 'is easy to guess (a common or leaked password, a word with a year, a keyboard walk, a date or repeated characters)',
  },
  already_member: {
    'zh-CN': '已是工会会员（一人只能属于一个工会，请办理会员关系转接）',
    en: 'is already a union member (one union at a time: request a transfer)',
  },
  pending_registration: { 'zh-CN': '已有待确认的入会申请', en: 'already has a registration waiting for confirmation' },
  self_tag: { 'zh-CN': '困难职工、劳模由工会认定，不能自行申报', en: 'may not include hardship or model-worker tags: the union records them' },
  tag_missing: { 'zh-CN': '须与对应标签一同填写', en: 'needs its tag' },
  not_active: { 'zh-CN': '该会员不在会', en: 'is not an active member' },
  transfer_open: { 'zh-CN': '已有进行中的会员关系转接', en: 'has a transfer in progress' },
  same_union: { 'zh-CN': '不能转入本工会', en: 'must be another union' },
  decided: { 'zh-CN': '已处理', en: 'has already been decided' },
  already_confirmed: { 'zh-CN': '本方已确认', en: 'is already confirmed by your side' },
  member_elsewhere: { 'zh-CN': '已是其他工会的会员', en: 'is already a member of another union' },
  duplicate_in_file: { 'zh-CN': '与文件中第 {row} 行重复', en: 'repeats row {row} of the file' },
  unknown_union: { 'zh-CN': '工会代码不存在或不在您的管辖范围', en: 'names no union in your scope' },
  file_format: { 'zh-CN': '不是可读取的 Excel（.xlsx）或 CSV 文件', en: 'is not a readable Excel (.xlsx) or CSV file' },
  columns: { 'zh-CN': '缺少列：{columns}', en: 'lacks the columns: {columns}' },
  not_member: { 'zh-CN': '不是本会议的成员单位', en: 'is not a member of this meeting series' },
  topic_deadline: { 'zh-CN': '议题征集已于 {date} 截止', en: 'closed for topics on {date}' },
  not_later: { 'zh-CN': '须晚于现有期限 {date}', en: 'must be later than the current deadline {date}' },
  extension_pending: { 'zh-CN': '已有待审批的延期申请', en: 'already has an extension request waiting for a decision' },
  no_extension: { 'zh-CN': '没有待审批的延期申请', en: 'has no extension request to decide' },
  weights_sum: { 'zh-CN': '各项评分标准权重之和须为 100（现为 {sum}）', en: 'must have weights summing to 100 (now {sum})' },
  call_closed: { 'zh-CN': '该项目征集未开放或已截止', en: 'is not open for applications' },
  over_budget: { 'zh-CN': '超出项目预算（{limit} 元）', en: 'exceeds the budget of {limit} yuan' },
  review_started: { 'zh-CN': '评审已开始，不能更换评审组', en: 'cannot change once the review has begun' },
  no_panel: { 'zh-CN': '尚未确定评审组', en: 'has no review panel yet' },
  not_in_review: { 'zh-CN': '项目不在评审阶段', en: 'is not under review' },
  declare_first: { 'zh-CN': '请先声明是否存在利益冲突', en: 'needs a conflict-of-interest declaration first' },
  conflict_declared: { 'zh-CN': '您已声明存在利益冲突，不能评分', en: 'cannot be given: you declared a conflict of interest' },
  unscored: { 'zh-CN': '尚无完整评分', en: 'has no complete review yet' },
  payments_sum: { 'zh-CN': '各期付款之和须等于合同金额（{limit} 元）', en: 'must have payments summing to the contract amount of {limit} yuan' },
  outside_period: { 'zh-CN': '不在合同期内', en: 'is outside the contract period' },
  not_host: { 'zh-CN': '不是本组织主办的活动', en: 'is not an activity your organization hosts' },
  not_reported: { 'zh-CN': '该节点尚未提交报告', en: 'has not been reported' },
  milestones_open: { 'zh-CN': '尚有节点未验收', en: 'has milestones not yet accepted' },
  own_org: { 'zh-CN': '不能合并本账号所在的组织或其上级', en: 'cannot be your own organization or one above it' },
  merge_into_self: { 'zh-CN': '不能合并到自身或其下级组织', en: 'cannot be the merged unit itself or a unit below it' },
  both_registered: {
    'zh-CN': '与被合并组织均已登记为社会组织，不能合并',
    en: 'is a registered social organization, as is the merged unit: two registrations cannot merge',
  },
  women_only: { 'zh-CN': '仅限女性报名', en: 'is open to women only' },
  youth_only: { 'zh-CN': '仅限 14 至 35 周岁青年报名', en: 'is open to young people aged 14 to 35 only' },
  gender_unknown: { 'zh-CN': '未登记性别，无法核对报名条件', en: 'has no recorded gender to check eligibility' },
  birth_date_unknown: { 'zh-CN': '未登记出生日期，无法核对报名条件', en: 'has no recorded birth date to check eligibility' },
  already_enrolled: { 'zh-CN': '已报名该培养项目', en: 'is already enrolled in this programme' },
  not_enough_sessions: { 'zh-CN': '出勤不足 {min} 次，不能评定为合格', en: 'attended fewer than {min} sessions and cannot pass' },
  not_eligible: { 'zh-CN': '您不符合该普惠项目的领取条件', en: 'is not open to you: you do not meet its eligibility' },
  claim_closed: { 'zh-CN': '不在领取时间内或已暂停', en: 'is not open for claims now' },
  sold_out: { 'zh-CN': '已领完', en: 'has no quota left' },
  member_limit: { 'zh-CN': '已达到每人领取上限（{limit} 次）', en: 'has reached your limit of {limit} claims' },
  redeemed: { 'zh-CN': '券码已核销', en: 'was already redeemed' },
  expired: { 'zh-CN': '券码已过期', en: 'has expired' },
  not_issued: { 'zh-CN': '券码当前不可使用', en: 'is not a usable voucher now' },
  window_open: { 'zh-CN': '领取期结束后才能抽签', en: 'can be drawn only after the claim window closes' },
  not_lottery: { 'zh-CN': '该项目不是抽签领取', en: 'is not a lottery offer' },
  not_redeemed: { 'zh-CN': '核销后才能评价', en: 'can be rated only after it is redeemed' },
  url: { 'zh-CN': '不是有效的网址', en: 'is not a valid URL' },
  scheme: { 'zh-CN': '须为 https 网址', en: 'must be an https URL' },
  credentials: { 'zh-CN': '网址中不能包含用户名或密码', en: 'must not carry a user name or password' },
  private_address: { 'zh-CN': '指向本机或内网地址，不允许推送', en: 'points to this machine or a private network, which receives no webhooks' },
  unresolvable: { 'zh-CN': '域名无法解析', en: 'names a host that does not resolve' },
  not_active_subscription: { 'zh-CN': '推送已暂停或停用，请先恢复', en: 'belongs to a paused or disabled subscription: resume it first' },
};

function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** Renders the message for an error, naming the field when there is one. */
export function renderMessage(lang: Lang, code: ErrorCode, field: string | undefined, params: ErrorParams): string {
  const base = CODE_MESSAGES[code][lang];
  if (!field) return base;
  // A password refusal lists every problem found, comma-separated.
  const reasons =
    typeof params.reason === 'string'
      ? params.reason
          .split(',')
          .map((r) => REASONS[r])
          .filter((r) => r !== undefined)
      : [];
  const detail = reasons.length > 0 ? reasons.map((r) => fill(r[lang], params)).join(lang === 'zh-CN' ? '；' : '; ') : fill(REASONS.invalid![lang], params);
  return lang === 'zh-CN' ? `字段 ${field} ${detail}` : `Field ${field} ${detail}`;
}
