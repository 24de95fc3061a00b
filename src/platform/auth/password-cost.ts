/** argon2id's cost: memory in KiB and passes over it (one lane). */
export interface PasswordHashing {
  memoryCost: number;
  timeCost: number;
}

/** OWASP's first recommendation for argon2id: 19 MiB, two passes (PASSWORD_HASH_MEMORY, PASSWORD_HASH_PASSES by default). */
export const OWASP_HASHING: PasswordHashing = { memoryCost: 19_456, timeCost: 2 };

/**
 * Whether a cost is below the least of OWASP's equivalent argon2id costs (46 MiB × 1 pass down to
 * 7 MiB × 5): under 7 MiB, or under 35,840 KiB × passes. The settings refuse it outside NODE_ENV=test.
 */
export const belowOwaspLeast = ({ memoryCost, timeCost }: PasswordHashing) => memoryCost < 7_168 || memoryCost * timeCost < 35_840;
