import type { Actor } from '../../platform/auth/actor.js';
import { regionScope, type ScopeSql } from '../../platform/scope.js';

/** People are anchored to a region: the actor sees and changes those of its region subtree (alias p). */
export const peopleScope = (actor: Actor): ScopeSql => regionScope(actor, 'p.region_path');
