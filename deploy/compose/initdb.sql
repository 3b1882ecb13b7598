-- Run once by the postgres:15 image on an empty data volume (docker-entrypoint-initdb.d).
-- One server, one database and one login role per service; the gateway has no database.
-- Passwords here are DEVELOPMENT PLACEHOLDERS for the single-machine compose stack only.
CREATE ROLE identity    LOGIN PASSWORD 'identity-dev';
CREATE ROLE docketing   LOGIN PASSWORD 'docketing-dev';
CREATE ROLE documents   LOGIN PASSWORD 'documents-dev';
CREATE ROLE hearings    LOGIN PASSWORD 'hearings-dev';
CREATE ROLE signatures  LOGIN PASSWORD 'signatures-dev';
CREATE ROLE enforcement LOGIN PASSWORD 'enforcement-dev';
CREATE DATABASE identity    OWNER identity    ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE docketing   OWNER docketing   ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE documents   OWNER documents   ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE hearings    OWNER hearings    ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE signatures  OWNER signatures  ENCODING 'UTF8' TEMPLATE template0;
CREATE DATABASE enforcement OWNER enforcement ENCODING 'UTF8' TEMPLATE template0;
-- Each service may reach only its own database.
REVOKE CONNECT ON DATABASE identity, docketing, documents, hearings, signatures, enforcement FROM PUBLIC;
GRANT CONNECT ON DATABASE identity    TO identity;
GRANT CONNECT ON DATABASE docketing   TO docketing;
GRANT CONNECT ON DATABASE documents   TO documents;
GRANT CONNECT ON DATABASE hearings    TO hearings;
GRANT CONNECT ON DATABASE signatures  TO signatures;
GRANT CONNECT ON DATABASE enforcement TO enforcement;
