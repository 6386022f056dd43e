-- A benefit provider checks at its counter that the person before it is a union member: its staff verify the member
-- card's QR (the answer carries the member number, the masked name, the union and the card's expiry, nothing more).
UPDATE roles SET permissions = permissions || ARRAY['member.verify'] WHERE code = 'benefit_provider' AND NOT ('member.verify' = ANY (permissions));
