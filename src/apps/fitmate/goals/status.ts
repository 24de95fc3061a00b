import { AppError } from '../../../platform/http/errors';
import { defineMessages } from '../feature';
import type { GoalStatus } from './schemas';

const Message = defineMessages({
  GOAL_ALREADY_COMPLETED: { ko: '이미 완료된 목표는 더 이상 바꿀 수 없습니다.', en: 'A completed goal can no longer be changed.' },
  GOAL_ALREADY_CANCELLED: { ko: '취소된 목표는 더 이상 바꿀 수 없습니다.', en: 'A cancelled goal can no longer be changed.' },
  GOAL_STATUS_NOT_ALLOWED: { ko: '{from} 상태의 목표는 {to} 상태로 바꿀 수 없습니다.', en: 'A goal cannot go from {from} to {to}.' },
});

/** The only moves a goal's status may make; COMPLETED and CANCELLED are final. */
export const NEXT_STATUSES: Record<GoalStatus, readonly GoalStatus[]> = {
  ACTIVE: ['PAUSED', 'COMPLETED', 'CANCELLED'],
  PAUSED: ['ACTIVE', 'COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

const isFinal = (status: GoalStatus) => NEXT_STATUSES[status].length === 0;

/** A finished goal is a record of what happened: it is not edited, only deleted. */
export function assertOpen(status: GoalStatus): void {
  if (isFinal(status)) throw new AppError(409, status === 'COMPLETED' ? Message.GOAL_ALREADY_COMPLETED : Message.GOAL_ALREADY_CANCELLED);
}

/** Checks a status change; staying in an open status is no change at all. */
export function assertStatusChange(from: GoalStatus, to: GoalStatus): void {
  assertOpen(from);
  if (from !== to && !NEXT_STATUSES[from].includes(to)) throw new AppError(409, Message.GOAL_STATUS_NOT_ALLOWED, { from, to });
}
