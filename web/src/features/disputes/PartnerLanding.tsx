import type { ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { useSession } from '../../session';

/** Partner-agency staff (court, HR bureau, justice bureau) land on the dispute cases they are invited to. */
export function PartnerLanding({ home }: { home: ReactNode }) {
  const { can } = useSession();
  if (can('dispute.partner') && !can('dispute.read')) return <Navigate to="/dispute-invitations" replace />;
  return <>{home}</>;
}
