/** The nominee attributes a composition rule counts, as the nomination form sends them (the DTOs are the contract's: @contracts/honours). */
export const ATTRIBUTE_KEYS = ['frontline', 'female', 'leader', 'minority', 'newForm'] as const;
