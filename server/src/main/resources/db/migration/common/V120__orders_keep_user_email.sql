-- An order keeps its user's email, so listing orders reads one table. PATCH /users/{id} updates
-- these copies in its own transaction; placing an order locks the user row while it copies.
ALTER TABLE orders ADD COLUMN user_email VARCHAR(320);
UPDATE orders SET user_email = (SELECT u.email FROM users u WHERE u.id = orders.user_id);
ALTER TABLE orders ALTER COLUMN user_email SET NOT NULL;
