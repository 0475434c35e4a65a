import type { Program } from '../../shared/schemas/program.ts';
import { listAll } from '../api.ts';

export const loadPrograms = async () => (await listAll<Program>('/v1/programs')).items;

export const newestFirst = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? 1 : -1));
