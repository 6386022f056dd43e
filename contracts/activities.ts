/** Activity routes added with the campaigns console (the module's older routes are declared in its routes file). */
import { Type, type Static } from '@sinclair/typebox';
import { DateString, Id, IdParam, Nullable, Obj, Text, route } from './core.js';

const tags = ['activities'] as const;

export const CampaignOut = Obj({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  startsOn: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  ownerOrgId: Nullable(Type.Integer()),
  ownerOrgName: Nullable(Type.String()),
  activities: Type.Integer(),
  personTimes: Type.Integer(),
});
export type CampaignOut = Static<typeof CampaignOut>;
export const CampaignPatch = Obj({
  name: Type.Optional(Text(100, 1)),
  description: Type.Optional(Text(1000)),
  startsOn: Type.Optional(Nullable(DateString)),
  endsOn: Type.Optional(Nullable(DateString)),
  ownerOrgId: Type.Optional(Id),
});
export type CampaignPatch = Static<typeof CampaignPatch>;

export const activities = {
  updateCampaign: route({
    method: 'PATCH',
    url: '/campaigns/:id',
    tags,
    summary: 'Edit a campaign owned in my subtree: name, description, period, or hand it to another organization I may write',
    params: IdParam,
    body: CampaignPatch,
    response: CampaignOut,
  }),
};
