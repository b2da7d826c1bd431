"""The knowledge of the 东丽区营商环境指标专班 mechanism: data, look-ups and Q&A (pure, no I/O)."""

from knowledge.base import KnowledgeBase, Resolution
from knowledge.loader import KnowledgeError, load_knowledge

__all__ = ["KnowledgeBase", "KnowledgeError", "Resolution", "load_knowledge"]
