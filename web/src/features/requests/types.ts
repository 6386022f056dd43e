/** Shapes of the request desk and satisfaction API (server/modules/requests, server/modules/ratings). */

export const REQUEST_STATUSES = ['dispatched', 'returned', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const LEVELS = ['community', 'street', 'district', 'city'] as const;

export type FieldDef = {
  code: string;
  label: string;
  labelEn?: string;
  datatype: 'string' | 'number' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  values?: { key: string; name: string }[];
};

export type Category = {
  id: number;
  parentId: number | null;
  code: string;
  nameZh: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  fields: FieldDef[];
  defaultOrgType: string | null;
  startLevel: string;
  slaAcceptDays: number;
  slaResponseDays: number;
  slaResolveDays: number;
  duplicateDays?: number;
  active: boolean;
  sort: number;
  version: number;
};

export type RoutingRule = { id: number; categoryCode: string; regionCode: string; regionName: string; orgId: number; orgName: string };

export type RequestSummary = {
  id: number;
  number: string;
  categoryCode: string;
  categoryName: string;
  channel: string;
  regionCode: string;
  regionName: string;
  status: RequestStatus;
  handlerOrgId: number;
  handlerOrgName: string;
  access: 'primary' | 'co_handler' | 'receipt';
  submittedAt: string;
  acceptDue: string;
  responseDue: string;
  resolveDue: string;
  dueProvisional: boolean;
  overdue: boolean;
  dueSoon?: boolean;
  callbackPending?: boolean;
  version: number;
};

export type RequestEvent = { version: number; kind: string; actorName: string | null; orgName: string | null; targetOrgName: string | null; note: string; public: boolean; at: string };

export type Attachment = { id: number; name: string; mime: string; size: number; source: string; uploadedAt: string };

export type RequestDetail = RequestSummary & {
  description: string;
  fields: Record<string, string | number | string[]>;
  addressMasked: string | null;
  /** Open311: the WGS-84 point the client sent and how the region was found. */
  location: { lat: number | null; lng: number | null; source: 'region' | 'address' | 'coordinates' | 'unresolved' };
  contactEmailMasked: string | null;
  /** A link to the client's photo: shown as a link only. */
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  /** Attributes the client sent that the category does not define. */
  extra: Record<string, string | string[]>;
  publishDescription: boolean;
  personId: number;
  requesterNameMasked: string;
  requesterPhoneMasked: string | null;
  acceptedAt: string | null;
  respondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  reply: string | null;
  coHandlers: { orgId: number; orgName: string }[];
  rating: { id: number; level: number; label: string; comment: string; ratedAt: string; excluded: boolean } | null;
  callback?: { at: string; note: string; reached: boolean } | null;
  duplicateOf?: { id: number; number: string } | null;
  attachments?: Attachment[];
  events: RequestEvent[];
  duplicateCandidates?: { id: number; number: string; submittedAt: string; samePerson: boolean }[];
};

export type ActionResult = { id: number; number: string; status: string; version: number; handlerOrgId: number; handlerOrgName: string };
