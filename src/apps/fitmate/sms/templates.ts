/** Document 004's text messages, word for word; `appUrl` is where the app is reached (APP_URL there). */
export const smsTemplates = {
  workoutReminder: (userName: string, workoutType: string, appUrl: string) =>
    `안녕하세요 ${userName}님! 🏃♂️\n\n오늘 ${workoutType} 운동 시간입니다.\nFitMate와 함께 건강한 하루 시작하세요!\n\n앱에서 확인: ${appUrl}`,
  workoutRecommendation: (userName: string, exercises: string[], appUrl: string) =>
    `${userName}님을 위한 오늘의 추천 운동 💪\n\n${exercises.join(', ')}\n\n지금 시작해보세요!\nFitMate 앱: ${appUrl}`,
  otp: (code: string, minutes = 5) => `FitMate 인증번호: ${code}\n\n${minutes}분 내에 입력해주세요.\n타인에게 알리지 마세요.`,
};
