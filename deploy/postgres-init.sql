-- Rasa's tracker store gets its own database beside the shop's (deploy/compose.yaml).
CREATE DATABASE rasa OWNER shop;
