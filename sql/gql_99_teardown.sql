\c contrib_regression
DROP DATABASE gql WITH (FORCE);
DROP ROLE gql_reader;
DROP ROLE gql_nobody;
