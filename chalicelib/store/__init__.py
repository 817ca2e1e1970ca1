"""The one DynamoDB table: PynamoDB models, keys and the table's shape. Nothing else touches it."""
