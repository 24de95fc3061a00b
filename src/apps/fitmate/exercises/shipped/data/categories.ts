import type { CatalogCategory } from '../types';

/** FitMate's exercise categories. Ids are shipped data: never renumber or reuse one. */
export const CATEGORIES: CatalogCategory[] = [
  {
    id: 1,
    name: 'STRENGTH',
    nameKr: '근력 운동',
    description: '바벨, 덤벨, 케틀벨, 머신, 케이블 등 기구의 저항을 이용해 근력과 근육량을 키우는 운동입니다.',
    sortOrder: 1,
  },
  {
    id: 2,
    name: 'BODYWEIGHT',
    nameKr: '맨몸 운동',
    description: '기구 없이 자기 체중을 이용해 근력, 근지구력, 순발력을 기르는 운동입니다. 집이나 야외 어디서든 할 수 있습니다.',
    sortOrder: 2,
  },
  {
    id: 3,
    name: 'CARDIO',
    nameKr: '유산소 운동',
    description: '걷기, 달리기, 자전거, 수영처럼 심박수를 올려 심폐 지구력을 높이고 체지방을 태우는 운동입니다.',
    sortOrder: 3,
  },
  {
    id: 4,
    name: 'STRETCHING',
    nameKr: '스트레칭',
    description: '근육과 관절을 부드럽게 늘려 유연성을 높이고 운동 전후 몸을 풀어 주는 동작입니다.',
    sortOrder: 4,
  },
  {
    id: 5,
    name: 'YOGA_PILATES',
    nameKr: '요가·필라테스',
    description: '호흡과 자세에 집중하며 코어 안정성, 균형 감각, 유연성을 함께 기르는 요가와 필라테스 동작입니다.',
    sortOrder: 5,
  },
  {
    id: 6,
    name: 'SPORTS',
    nameKr: '스포츠',
    description: '구기 종목, 라켓 스포츠, 격투기, 클라이밍처럼 즐기면서 체력을 기를 수 있는 스포츠 활동입니다.',
    sortOrder: 6,
  },
];
