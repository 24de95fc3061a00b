import { z } from 'zod';
import { RECORDING_QUALITIES } from './tables';

/** What a camera's own settings may hold (cameras.settings); every key optional, nothing else. */
export const cameraSettingsSchema = z
  .object({
    motionDetection: z.boolean(),
    motionSensitivity: z.number().int().min(1).max(100),
    soundDetection: z.boolean(),
    recordingQuality: z.enum(RECORDING_QUALITIES),
    recordingEnabled: z.boolean(),
    nightVision: z.boolean(),
    notificationsEnabled: z.boolean(),
  })
  .partial()
  .strict();
export type CameraSettings = z.infer<typeof cameraSettingsSchema>;
