/** A notification to raise for one user. */
export interface NotificationInput<Type extends string = string> {
  /** One of the app's notification types (FitMate: chat_message, goal_achieved, …). */
  type: Type;
  title: string;
  message: string;
  /** Free-form details for the client (the chat room, the goal, …). */
  data?: Record<string, unknown>;
  /** One of the app's priorities; its second lowest by default ("normal", MIMO's "medium"). */
  priority?: string;
  expiresAt?: Date;
  /** The title and message are a user's own words (POST …/notifications): such a notification never goes out by SMS. */
  userAuthored?: boolean;
}

/**
 * How any module of an app raises a notification: it is stored in the user's inbox, pushed to
 * their open sockets, and delivered through the channels they have switched on.
 */
export interface Notifier<Type extends string = string> {
  notify(userId: number, input: NotificationInput<Type>): Promise<{ id: number }>;
}
