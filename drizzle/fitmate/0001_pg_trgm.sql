-- Trigram matching for typo-tolerant exercise search (gin_trgm_ops, similarity()).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
