"""The sha256 of every model file and card this package ships: the package's own word on them.

Generated: the lab's training and build commands rewrite it (``quality_lab.manifest.record``).
"""

SHIPPED: dict[str, dict[str, str]] = {
    "reliability": {
        "model": "00528f3b38f0377367f397c493659889620b80fe5a9778af6b73d12c0094cfdd",
        "card": "d92e16d38d817be6976441393455abaf086342b91d802d81851a99b6f40ed825",
    },
    "chrome_lines": {
        "model": "1e852e3b867b0a82b9976beb78162472e73a3e78205903fd67a606f8a4e172a0",
        "card": "35e219597def10579f953a1f4c589e7f36dbcf8d240be5eb517695077a466f24",
    },
    "news_tfidf": {
        "model": "9f4a18ae7b8d76eb497d419ae04dc1f0a847f406dd4f384af83d67c55f21ae2d",
        "card": "44b6420e53dc9154808ca78fc241a684aeb7d9bac8e6e08f401eedf639587422",
    },
    "machine_prose": {
        "model": "5676ec9c17f0acf48e15b9232bc48122830196f7743da5697da711431bf181f5",
        "card": "403ce33fdd1642b8aa9a27d6ed8a2eaf2310339b692ebecd78471bb55f711a0b",
    },
    "page_blocks": {
        "model": "6d037fa7cf3f72e7b39cfe6e3a393612a1f2a942c36e7e4dfeeb114b09ddad8b",
        "card": "fe7f2b53048029ceeb991657d1b85fcd5f496ea18e3839164f0e1c65a1d94984",
    },
}
