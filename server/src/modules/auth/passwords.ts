import bcrypt from 'bcrypt';

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** Spends the time of one verification, so an unknown username answers as slowly as a wrong password. */
  waste(password: string): Promise<void>;
}

export function createPasswords(cost: number): Passwords {
  const decoy = bcrypt.hashSync('decoy-password-never-used', cost);
  return {
    hash: (password) => bcrypt.hash(password, cost),
    verify: (password, hash) => bcrypt.compare(password, hash),
    waste: async (password) => {
      await bcrypt.compare(password, decoy);
    },
  };
}
