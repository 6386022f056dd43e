import type { accounts, auth } from '@contracts/accounts';
import { endpoint } from './endpoint';

type C = typeof accounts;
type A = typeof auth;

export const accountsApi = {
  list: endpoint<C['list']>('GET /accounts'),
  get: endpoint<C['get']>('GET /accounts/:id'),
  create: endpoint<C['create']>('POST /accounts'),
  disable: endpoint<C['disable']>('POST /accounts/:id/disable'),
  enable: endpoint<C['enable']>('POST /accounts/:id/enable'),
  resetPassword: endpoint<C['resetPassword']>('POST /accounts/:id/reset-password'),
  unlock: endpoint<C['unlock']>('POST /accounts/:id/unlock'),
  setRoles: endpoint<C['setRoles']>('PUT /accounts/:id/roles'),
  setEmail: endpoint<C['setEmail']>('PUT /accounts/:id/email'),
  setPhone: endpoint<C['setPhone']>('PUT /accounts/:id/phone'),
  roles: endpoint<C['roles']>('GET /roles'),
};

export const authApi = {
  login: endpoint<A['login']>('POST /auth/login'),
  logout: endpoint<A['logout']>('POST /auth/logout'),
  me: endpoint<A['me']>('GET /auth/me'),
  setOwnEmail: endpoint<A['setOwnEmail']>('PUT /auth/me/email'),
  setOwnPhone: endpoint<A['setOwnPhone']>('PUT /auth/me/phone'),
  setOwnPrefs: endpoint<A['setOwnPrefs']>('PUT /auth/me/prefs'),
  changePassword: endpoint<A['changePassword']>('POST /auth/password'),
};
