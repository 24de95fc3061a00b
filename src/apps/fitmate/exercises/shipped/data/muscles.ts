import type { CatalogMuscle } from '../types';

/** Muscle groups as Korean trainers name them. Ids are shipped data: never renumber or reuse one. */
export const MUSCLES: CatalogMuscle[] = [
  { id: 1, name: 'CHEST', nameKr: '가슴', bodyPart: 'UPPER' },
  { id: 2, name: 'LATS', nameKr: '광배근', bodyPart: 'UPPER' },
  { id: 3, name: 'UPPER_BACK', nameKr: '등 상부', bodyPart: 'UPPER' },
  { id: 4, name: 'LOWER_BACK', nameKr: '척추기립근(허리)', bodyPart: 'CORE' },
  { id: 5, name: 'TRAPS', nameKr: '승모근', bodyPart: 'UPPER' },
  { id: 6, name: 'SHOULDERS', nameKr: '어깨(삼각근)', bodyPart: 'UPPER' },
  { id: 7, name: 'BICEPS', nameKr: '이두근', bodyPart: 'UPPER' },
  { id: 8, name: 'TRICEPS', nameKr: '삼두근', bodyPart: 'UPPER' },
  { id: 9, name: 'FOREARMS', nameKr: '전완근', bodyPart: 'UPPER' },
  { id: 10, name: 'ABS', nameKr: '복근', bodyPart: 'CORE' },
  { id: 11, name: 'OBLIQUES', nameKr: '복사근', bodyPart: 'CORE' },
  { id: 12, name: 'GLUTES', nameKr: '둔근', bodyPart: 'LOWER' },
  { id: 13, name: 'QUADRICEPS', nameKr: '대퇴사두근', bodyPart: 'LOWER' },
  { id: 14, name: 'HAMSTRINGS', nameKr: '햄스트링', bodyPart: 'LOWER' },
  { id: 15, name: 'CALVES', nameKr: '종아리', bodyPart: 'LOWER' },
  { id: 16, name: 'HIP_FLEXORS', nameKr: '고관절 굴곡근', bodyPart: 'LOWER' },
  { id: 17, name: 'ADDUCTORS', nameKr: '내전근', bodyPart: 'LOWER' },
  { id: 18, name: 'ABDUCTORS', nameKr: '외전근', bodyPart: 'LOWER' },
  { id: 19, name: 'NECK', nameKr: '목', bodyPart: 'UPPER' },
  { id: 20, name: 'FULL_BODY', nameKr: '전신', bodyPart: 'FULL_BODY' },
  { id: 21, name: 'CARDIOVASCULAR', nameKr: '심폐', bodyPart: 'FULL_BODY' },
];
