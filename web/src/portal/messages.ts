/** UI strings of the public portal for citizens; keys start with "portal.". A missing English entry is a type error. */
export const zh = {
  'portal.title': '群团通 · 群众服务',
  'portal.nav': '服务导航',
  'portal.home': '首页',
  'portal.console': '工作人员登录',
  'portal.welcome': '有事找群团，一站办到底',
  'portal.welcomeHint': '提出诉求、查询进度、报名活动、参加志愿服务。',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'portal.title': 'QunHub · Citizen services',
  'portal.nav': 'Service navigation',
  'portal.home': 'Home',
  'portal.console': 'Staff sign-in',
  'portal.welcome': 'One door to every mass organization',
  'portal.welcomeHint': 'Submit a request, follow it, join activities and volunteer.',
};
