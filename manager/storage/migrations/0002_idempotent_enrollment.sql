-- An Agent killed after the Manager answered its enrolment, but before it saved the answer,
-- retries with the same activation key and key pair: remember which key a certificate was
-- issued for, and the certificate itself, to answer the retry with the same certificate.
ALTER TABLE agent_certificates ADD COLUMN activation_key_hash TEXT;
ALTER TABLE agent_certificates ADD COLUMN certificate_pem TEXT;
CREATE INDEX agent_certificates_activation ON agent_certificates (activation_key_hash);
