"""What runs without a person at the other end: the schedules, the queue and SNS workers, and (in
stage `local` only) the tools that show the mail SES received and run a schedule now."""
