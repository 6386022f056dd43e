import type { activities } from '@contracts/activities';
import { endpoint } from './endpoint';

type C = typeof activities;

export const activitiesApi = {
  updateCampaign: endpoint<C['updateCampaign']>('PATCH /campaigns/:id'),
};
