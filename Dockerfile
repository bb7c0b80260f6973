# The vit_explain API on the shipped ONNX model: torch-free serving (numpy, Pillow, onnxruntime, FastAPI).
# docker build -t vit-explain-api . && docker run -p 8000:8000 vit-explain-api
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 VIT_EXPLAIN_BACKEND=onnx \
    VIT_EXPLAIN_MODEL=/app/models/vit_cifar10 MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /app
RUN pip install "numpy>=1.24" "pillow>=10" "matplotlib>=3.7" "onnxruntime>=1.18" "fastapi>=0.110" "uvicorn[standard]>=0.29" \
        "python-multipart>=0.0.9" "fastcore==1.14.5" "swagger-ui-bundle"
# Only the torch-free modules the ONNX service imports, and the shipped ONNX model with its card.
COPY vit_explain/__init__.py vit_explain/core.py vit_explain/attention.py vit_explain/predict.py vit_explain/serve.py vit_explain/
COPY models/vit_cifar10.onnx models/vit_cifar10.attn.onnx models/vit_cifar10.json models/
RUN useradd --create-home app && chown -R app /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["uvicorn", "vit_explain.serve:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
