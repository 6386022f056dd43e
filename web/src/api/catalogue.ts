import type { catalogue } from '@contracts/catalogue';
import { endpoint } from './endpoint';

type C = typeof catalogue;

export const catalogueApi = {
  brandFigures: endpoint<C['brandFigures']>('GET /catalogue/brand-figures'),
  brands: endpoint<C['brands']>('GET /catalogue/brands'),
  createBrand: endpoint<C['createBrand']>('POST /catalogue/brands'),
  updateBrand: endpoint<C['updateBrand']>('PATCH /catalogue/brands/:id'),
  services: endpoint<C['services']>('GET /catalogue/services'),
  createService: endpoint<C['createService']>('POST /catalogue/services'),
  service: endpoint<C['service']>('GET /catalogue/services/:id'),
  updateService: endpoint<C['updateService']>('PATCH /catalogue/services/:id'),
  portalBrands: endpoint<C['portalBrands']>('GET /portal/catalogue/brands'),
  portalServices: endpoint<C['portalServices']>('GET /portal/catalogue/services'),
  portalService: endpoint<C['portalService']>('GET /portal/catalogue/services/:id'),
};
