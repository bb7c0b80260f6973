# The vit_explain API on the shipped ONNX model: torch-free serving (numpy, Pillow, onnxruntime, FastAPI).
# docker build -t vit-explain-api . && docker run -p 8000:8000 vit-explain-api
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 VIT_EXPLAIN_BACKEND=onnx \
    VIT_EXPLAIN_MODEL=/app/models/vit_cifar10 MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /app
RUN pip install "numpy==2.4.6" "pillow==13.0.0" "matplotlib==3.11.2" "onnxruntime==1.32.0" "fastapi==0.165.0" "uvicorn==0.54.0" \
        "python-multipart==0.0.34" "fastcore==1.14.5" "swagger-ui-bundle==1.1.0" "prometheus-client==0.26.0"
# Only the torch-free modules the ONNX service imports, the shipped ONNX graphs with the card, and the benchmark results
# the method registry reads (default method, help texts). tests/test_dockerfile.py runs exactly these lines without Docker.
COPY vit_explain/__init__.py vit_explain/core.py vit_explain/attention.py vit_explain/methods.py vit_explain/predict.py \
     vit_explain/families.py vit_explain/serve.py vit_explain/operate.py vit_explain/
COPY models/vit_cifar10.onnx models/vit_cifar10.attn.onnx models/vit_cifar10.lrp.onnx models/vit_cifar10.json models/
COPY bench/explanations.json bench/sanity.json bench/
RUN useradd --create-home app && chown -R app /app
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["uvicorn", "vit_explain.serve:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
