import type { Program } from '../../shared/schemas/program.ts';
import { listAll } from '../api.ts';

export const loadPrograms = async () => (await listAll<Program>('/v1/programs')).items;
