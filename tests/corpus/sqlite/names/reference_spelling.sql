-- a REFERENCES clause respelled in letter case only: SQLite keeps the clause as written
-- old
CREATE TABLE Decks (ID integer PRIMARY KEY);
CREATE TABLE cards (id integer PRIMARY KEY, did integer REFERENCES decks (id));
-- new
CREATE TABLE Decks (ID integer PRIMARY KEY);
CREATE TABLE cards (id integer PRIMARY KEY, did integer REFERENCES Decks (ID));
