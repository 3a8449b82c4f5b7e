mkdir locked
cp main.tf locked/main.tf
chmod 000 locked
